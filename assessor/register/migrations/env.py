"""Alembic environment: runs the register's migrations on the connection the register hands over.

``assessor.register.migrate`` builds the Alembic config in code and passes the open connection in
``config.attributes["connection"]``, so no alembic.ini is needed.
"""

from alembic import context

from assessor.register.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
