"""Factory projects: a spec, holdout scenarios and a loop that builds software until satisfied.

``init`` scaffolds a project, ``run`` drives its pipeline with a spend budget, every LLM call and
tool call recorded in the context store, and ``serve`` shows the runs.
"""
