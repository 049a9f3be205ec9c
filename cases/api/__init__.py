"""The REST API of `cases` (`/api/v1/`), and the base views every app's endpoints stand on
(`cases.api.base`)."""
