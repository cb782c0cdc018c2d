"""The verdict channel: how a harness tells the runner what happened, out of the sample's reach.

A datagram socket pair per job. The runner's end keeps SO_PASSCRED, so the kernel stamps every datagram with
the pid that sent it; the job's end is the job's fd 3. When the job's files are in place the runner sends a
fresh random nonce, which the harness reads before anything else (before any sample code loads) and keeps; every record the harness sends is
`<nonce>:<json object>`. A record is kept only when it carries the nonce and comes from the job's main process:
a child, a grandchild or a process that outlives the main one cannot add to the report, and neither can
anything that writes to fd 3 without the nonce. The runner stops listening when the main process exits and
kills everything of the job's uid at once, so nothing is written after the fact. Records are capped one by one
and in total: whatever the job sends, the report stays valid JSON, marked when it was cut.
"""

import json
import os
import socket
import struct

RECORD_MAX = 64 * 1024
TOTAL_MAX = 1024 * 1024
UCRED = struct.Struct('3i')


class Channel:
    def __init__(self):
        self.ours, self.theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.nonce = os.urandom(16).hex().encode()
        self.theirs.set_inheritable(False)
        self.ours.setblocking(False)
        self.pid = None
        self.records = []
        self.bytes = 0
        self.forged = 0
        self.truncated = False

    def open(self):
        """Sends the nonce: the harness reads it first, and until then waits (its job is not there yet)."""
        self.ours.send(self.nonce)

    def fileno(self):
        return self.ours.fileno()

    def give_away(self):
        """Closes the runner's copy of the job's end (the job has its own after fork or SCM_RIGHTS)."""
        if self.theirs is not None:
            self.theirs.close()
            self.theirs = None

    def drain(self):
        """Reads every datagram waiting now. False once the job's end is closed everywhere: gVisor then reads
        empty datagrams from pid 0 without end, and stays readable (Linux answers EAGAIN), so the caller stops
        watching. gVisor delivers no empty datagram from a live sender, and Linux none from pid 0."""
        while True:
            try:
                data, ancdata, flags, _ = self.ours.recvmsg(RECORD_MAX + 128, socket.CMSG_SPACE(UCRED.size))
            except (BlockingIOError, InterruptedError):
                return True
            except OSError:
                return False
            sender = self.sender(ancdata)
            if not data and not sender:
                return False
            self.take(data, sender, flags)

    @staticmethod
    def sender(ancdata):
        for level, kind, payload in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS and len(payload) >= UCRED.size:
                return UCRED.unpack(payload[:UCRED.size])[0]
        return None

    def take(self, data, sender, flags):
        # Where the kernel gives no credentials (some runtimes), the nonce alone vouches for the record.
        if sender is not None and sender != self.pid:
            self.forged += 1
            return
        head, sep, body = data.partition(b':')
        if not sep or head != self.nonce:
            self.forged += 1
            return
        self.bytes += len(data)
        if flags & socket.MSG_TRUNC or self.bytes > TOTAL_MAX:
            self.truncated = True
            return
        try:
            record = json.loads(body)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            self.forged += 1
            return
        self.records.append(record)

    def close(self):
        self.give_away()
        self.ours.close()

    def summary(self):
        return {'records': self.records, 'forged': self.forged, 'truncated': self.truncated}
