"""Workers keep their database connection for a minute, and check it before a request uses it:
a connection the server dropped (a PostgreSQL restart) is replaced, not a 500."""

import time
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from radioligand_site.wsgi import application


def test_connections_are_kept_for_a_minute_and_checked_before_use():
    default = settings.DATABASES["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True


def serve(path):
    """One request as a WSGI server makes it. Unlike the test client, this sends the signals
    that check, reuse or close the worker's persistent connection."""
    environ = {"PATH_INFO": path}
    setup_testing_defaults(environ)
    statuses = []
    response = application(environ, lambda status, headers: statuses.append(status))
    try:
        b"".join(response)
    finally:
        response.close()
    return statuses[0]


def terminate(pid):
    """End a backend from another connection, as a restart would, and wait until it is gone."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            alive = other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if alive.fetchone() is None:
                return
            time.sleep(0.05)
    pytest.fail(f"backend {pid} is still running")


def test_a_connection_dropped_by_the_server_is_replaced(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("the server-side termination needs PostgreSQL")
    # Outside a test transaction, as a worker is: requests only read.
    with django_db_blocker.unblock():
        assert serve("/trials/") == "200 OK"
        pid = connection.connection.info.backend_pid
        terminate(pid)
        assert serve("/trials/") == "200 OK"
        assert connection.connection.info.backend_pid != pid
