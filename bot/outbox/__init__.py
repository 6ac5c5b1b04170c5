"""The outbox: direct messages Mozaik owes many members, stored before they are sent."""
