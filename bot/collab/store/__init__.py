"""Collaboration requests in the store: the requests, the answers and invitations, their rows."""
