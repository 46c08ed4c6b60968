"""The assessment register: recorded assessments, analysts' reviews and decisions, in SQLite or PostgreSQL.

``assessor.register.store.Register`` is the API; this package's modules import SQLAlchemy only when used.
"""
