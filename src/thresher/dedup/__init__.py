"""Exact and near-duplicate removal across the corpus."""
