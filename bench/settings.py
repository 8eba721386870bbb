"""Settings for the benchmark's processes: the project's own settings (production-like: no
DEBUG query log), with a middleware that reports each response's SQL query count in the
`X-Bench-Queries` header, and tasks run in-process so jobs are timed where they run."""

from marketing_ops.settings import *  # noqa: F403
from marketing_ops.settings import LOGGING, MIDDLEWARE

DEBUG = False
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
