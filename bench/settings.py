"""Settings for the benchmark's processes: the project's own settings (production-like: no
DEBUG query log), with a middleware that reports each response's SQL query count in the
`X-Bench-Queries` header, and tasks run in-process so jobs are timed where they run."""

from marketing_ops.settings import *  # noqa: F403
from marketing_ops.settings import LOGGING, MIDDLEWARE

DEBUG = False
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}

# gunicorn serves no static files in the benchmark (pages only), so no collectstatic is needed
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")

# The benchmark measures the API's lists, not its throttle: many requests a second from one
# person would otherwise be refused (429).
API_THROTTLE_RATE = "1000000/min"
