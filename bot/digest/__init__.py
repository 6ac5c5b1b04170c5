"""The weekly opportunity digest: what a hub's week held, composed for Discord, posted once."""
