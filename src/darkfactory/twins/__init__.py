"""The Digital Twin Universe: behavioural clones of SaaS APIs served from one process and port."""
