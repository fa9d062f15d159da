"""One pywinrm (Debian python3-winrm) session for the dashboards browser test, on one connection.

usage: dashboard_session.py ENDPOINT USER PASSWORD STDIN_TEXT
Opens a cmd shell, runs 'cat', sends STDIN_TEXT as its stdin (with End), reads the output until the command is
Done, then sends a Send whose rsp:Stream has no CommandId (WsmanRule.SEND_COMMANDID_MISSING: the server faults,
which is expected), and deletes the shell. Prints one JSON object: the output and the fault seen.
pywinrm 0.3.0 has no method that sends stdin, so the Send envelope is built the way the library builds its other
requests (xmltodict on Protocol._get_soap_header) and posted with Protocol.send_message.
"""
import base64
import json
import sys

import winrm
import xmltodict

SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'


def send(protocol, shell_id, command_id, data):
    req = {'env:Envelope': protocol._get_soap_header(resource_uri=SHELL + '/cmd', action=SHELL + '/Send', shell_id=shell_id)}
    stream = req['env:Envelope'].setdefault('env:Body', {}).setdefault('rsp:Send', {}).setdefault('rsp:Stream', {})
    stream['@Name'] = 'stdin'
    if command_id is not None:
        stream['@CommandId'] = command_id
    stream['@End'] = 'true'
    stream['#text'] = base64.b64encode(data).decode('ascii')
    protocol.send_message(xmltodict.unparse(req))


def main(endpoint, user, password, text):
    p = winrm.Session(endpoint, auth=(user, password), transport='plaintext').protocol
    shell_id = p.open_shell()
    command_id = p.run_command(shell_id, 'cat')
    send(p, shell_id, command_id, (text + '\r\n').encode('utf-8'))
    stdout, stderr, status = p.get_command_output(shell_id, command_id)
    fault = None
    try:
        send(p, shell_id, None, b'no CommandId\r\n')
    except Exception as e:  # the server refuses a Send without CommandId: that is the point
        fault = type(e).__name__
    p.close_shell(shell_id)
    print(json.dumps({'stdout': stdout.decode('utf-8'), 'status': status, 'fault': fault}), flush=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
