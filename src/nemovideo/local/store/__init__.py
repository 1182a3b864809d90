"""Storage of the local backend: one SQLite file (schema and migrations) and the media files beside it.

`db` (connections and migrations, schema in `schema`), `accounts` (users and tokens), `credits` (balances,
holds, the ledger), `sessions` (projects and their draft revisions), `media` (uploaded files), `renders`
(the render queue). It knows no HTTP: nothing here imports Starlette or the web layer.
"""
