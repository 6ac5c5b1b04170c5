"""The digest in the store: the week it reads from the other features, and its own runs,
subscriptions and deliveries."""
