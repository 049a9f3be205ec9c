"""A prison's roll from a file: read, checked row by row, compared with the records, applied."""
