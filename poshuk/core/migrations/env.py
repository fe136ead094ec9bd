"""Run by alembic: migrate on the connection the catalog hands over."""

from alembic import context

context.configure(
    connection=context.config.attributes["connection"],
    render_as_batch=True,  # SQLite changes most columns by copying the table
)
with context.begin_transaction():
    context.run_migrations()
