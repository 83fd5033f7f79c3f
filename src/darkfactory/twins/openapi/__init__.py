"""Generic twins from OpenAPI 3 documents: any document served as a stateful service.

``darkfactory universe up --openapi NAME=FILE`` serves the document at ``/NAME``: its paths'
collections take create, list, read, replace, update and delete with the document's schemas
checked, make ids, page lists, and answer errors in the shape the document declares. The kit
underneath gives it the journal, faults, snapshots and forks, like every twin. It is where a
generated twin starts, and a stand-in for a service nobody has built a faithful twin of yet.
"""

from darkfactory.twins.openapi.twin import PREFIX, OpenAPITwin, generic

__all__ = ["PREFIX", "OpenAPITwin", "generic"]
