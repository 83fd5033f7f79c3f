"""Provider adapters: one module per native API, sharing transport and SSE in ``base``."""
