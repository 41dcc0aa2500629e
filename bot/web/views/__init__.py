"""One module per page of the staff console."""
