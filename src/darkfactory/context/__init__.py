"""The context store: conversation histories and tool outputs as an immutable, branchable turn DAG.

Modelled on StrongDM's cxdb. A *turn* is an immutable record (parent, depth, declared type, payload
hash); its payload lives once in a content-addressed blob store keyed by BLAKE3. A *context* is a
movable head pointer into the DAG: appending moves it forward, forking starts a new context at any
turn, so branches share their history.

    store = ContextStore("contexts.sqlite")
    ctx = store.create_context()
    turn = store.append(ctx.context_id, "darkfactory.Message", 1, {"role": "user", "text": "hi"})
    branch = store.fork(turn.turn_id)
"""

from darkfactory.context.store import (
    Context,
    ContextNotFound,
    ContextStore,
    InvalidParent,
    NewTurn,
    Turn,
    TurnNotFound,
)

__all__ = [
    "Context",
    "ContextNotFound",
    "ContextStore",
    "InvalidParent",
    "NewTurn",
    "Turn",
    "TurnNotFound",
]
