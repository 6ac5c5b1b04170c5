"""The public board on the web: read-only pages, feeds and JobPosting data of the hubs whose
admin turned it on (`/hub setup web:on`).

Like a cog it parses the request, authorises it (is this hub's board public? did this member
opt in?) and renders; it reads through the feature stores and imports no discord.
"""
