"""Drives the tapdeck WinRM emulator with pywinrm (Debian python3-winrm 0.3.0) and prints the results as JSON.

usage: pywinrm_client.py ENDPOINT SCENARIO [TRANSPORT]
  TRANSPORT plaintext (default, HTTP Basic) or ntlm (requests_ntlm, message encryption always)
  run_cmd  Session.run_cmd('echo', ['hello', 'world']) and run_cmd('exit 3')
  run_ps   Session.run_ps('Write-Output "from powershell"')
  stdin    Protocol: open_shell, run_command('cat'), two Sends (the last with End), get_command_output
  denied   Protocol: open_shell, run_command('cat'), a Send of 'Remove-Item -Recurse C:\data' that a deny-list
           plug-in refuses (the WinRMError message is printed), then cleanup_command and close_shell

pywinrm 0.3.0 has no method that sends stdin, so the Send envelope is built here the way the library builds
its other requests (xmltodict on Protocol._get_soap_header) and posted with Protocol.send_message.
"""
import base64
import json
import sys

import winrm
import xmltodict

SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'


def result(r):
    return {'stdout': r.std_out.decode('latin-1'), 'stderr': r.std_err.decode('latin-1'), 'status': r.status_code}


def send_stdin(protocol, shell_id, command_id, data, end):
    req = {'env:Envelope': protocol._get_soap_header(
        resource_uri=SHELL + '/cmd', action=SHELL + '/Send', shell_id=shell_id)}
    stream = req['env:Envelope'].setdefault('env:Body', {}).setdefault('rsp:Send', {}).setdefault('rsp:Stream', {})
    stream['@Name'] = 'stdin'
    stream['@CommandId'] = command_id
    if end:
        stream['@End'] = 'true'
    stream['#text'] = base64.b64encode(data).decode('ascii')
    protocol.send_message(xmltodict.unparse(req))


def main(endpoint, scenario, transport='plaintext', user='user', password='pass'):
    if transport == 'ntlm':
        session = winrm.Session(endpoint, auth=(user, password), transport='ntlm', message_encryption='always')
    else:
        session = winrm.Session(endpoint, auth=(user, password), transport='plaintext')
    if scenario == 'run_cmd':
        out = {'echo': result(session.run_cmd('echo', ['hello', 'world'])), 'exit': result(session.run_cmd('exit 3'))}
    elif scenario == 'run_ps':
        out = {'ps': result(session.run_ps('Write-Output "from powershell"'))}
    elif scenario == 'stdin':
        p = session.protocol
        shell_id = p.open_shell()
        command_id = p.run_command(shell_id, 'cat')
        send_stdin(p, shell_id, command_id, b'first line\r\n', False)
        send_stdin(p, shell_id, command_id, b'second line\r\n', True)
        stdout, stderr, status = p.get_command_output(shell_id, command_id)
        p.cleanup_command(shell_id, command_id)
        p.close_shell(shell_id)
        out = {'stdin': {'stdout': stdout.decode('latin-1'), 'stderr': stderr.decode('latin-1'), 'status': status}}
    elif scenario == 'denied':
        p = session.protocol
        shell_id = p.open_shell()
        command_id = p.run_command(shell_id, 'cat')
        try:
            send_stdin(p, shell_id, command_id, b'Remove-Item -Recurse C:\\data\r\n', True)
            out = {'denied': None}
        except winrm.exceptions.WinRMError as e:
            out = {'denied': str(e)}
        p.cleanup_command(shell_id, command_id)
        p.close_shell(shell_id)
    else:
        raise SystemExit('unknown scenario ' + scenario)
    print(json.dumps(out))


if __name__ == '__main__':
    main(*sys.argv[1:6])
