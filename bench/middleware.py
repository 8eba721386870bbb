from django.db import connections


class QueryCountMiddleware:
    """Counts the SQL statements run while answering a request (on every connection, without
    DEBUG) and reports the count in the X-Bench-Queries response header. Only the benchmark's
    settings (bench/settings.py) install it."""

    header = "X-Bench-Queries"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = []
        for alias in connections:
            connection = connections[alias]
            connection.execute_wrappers.append(counter)
            wrappers.append(connection)
        try:
            response = self.get_response(request)
        finally:
            for connection in wrappers:
                connection.execute_wrappers.remove(counter)
        response[self.header] = str(count[0])
        return response
