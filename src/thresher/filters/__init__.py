"""Document filters, one module per family; importing this package registers them by name."""
