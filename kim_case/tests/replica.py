"""HTTP tests as a server behind a read-only replica runs them.

Odoo's HttpCase serves read-only routes on read-only test cursors (``SET TRANSACTION READ
ONLY``, as on a replica), but its test cursors drop the post-commit hooks, which
production runs once the transaction committed. A read-only request writes its audit
entries in such a hook, on a read/write cursor of its own (kim.audit.log). The mixin
runs the hooks of read-only test cursors after their savepoint is closed, as production
would, and records what happened for the tests to check."""

import threading

from odoo.tests.test_cursor import TestCursor
from odoo.tools.misc import Callbacks


class ReadOnlyRequests:
    """Mixin for HttpCase tests: post-commit hooks of read-only requests run."""

    def setUp(self):
        super().setUp()
        # (read-only?, the request thread's cursor mode) of each commit of a request's
        # cursor; the commits of the cursors opened by post-commit hooks are not listed.
        self.request_commits = []
        self.in_post_commit = False
        commit = TestCursor.commit
        test = self

        def commit_and_run_post_commit(cr):
            if test.in_post_commit:
                return commit(cr)
            test.request_commits.append(
                (cr.readonly, getattr(threading.current_thread(), "cursor_mode", None))
            )
            if not cr.readonly:
                return commit(cr)
            hooks, cr.postcommit = cr.postcommit, Callbacks()
            commit(cr)
            # The savepoint of the read-only cursor is closed: a hook may open a
            # read/write test cursor, as it opens one on the primary in production.
            test.in_post_commit = True
            try:
                hooks.run()
            finally:
                test.in_post_commit = False
            return None

        self.patch(TestCursor, "commit", commit_and_run_post_commit)
