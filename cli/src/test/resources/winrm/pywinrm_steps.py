"""Drives a WinRM endpoint with pywinrm (Debian python3-winrm) one step at a time, on one connection.

usage: pywinrm_steps.py ENDPOINT USER PASSWORD
Reads steps from stdin, one per line, and prints one line per step when its response came back:
  open          open a cmd shell            -> "ok open"
  run CMD       start CMD (e.g. cat)        -> "ok run"
  send N        N Sends of stdin            -> "sent 1" ... "sent N" (each after its SendResponse)
  close         signal the command to end, then delete the shell -> "ok close"
Any failure prints "error <message>" and exits 1. pywinrm 0.3.0 has no method that sends stdin, so the Send
envelope is built the way the library builds its other requests and posted with Protocol.send_message.
"""
import base64
import sys

import winrm
import xmltodict

SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'


def send(protocol, shell_id, command_id, data):
    req = {'env:Envelope': protocol._get_soap_header(resource_uri=SHELL + '/cmd', action=SHELL + '/Send', shell_id=shell_id)}
    stream = req['env:Envelope'].setdefault('env:Body', {}).setdefault('rsp:Send', {}).setdefault('rsp:Stream', {})
    stream['@Name'] = 'stdin'
    stream['@CommandId'] = command_id
    stream['#text'] = base64.b64encode(data).decode('ascii')
    protocol.send_message(xmltodict.unparse(req))


def main(endpoint, user, password):
    p = winrm.Session(endpoint, auth=(user, password), transport='plaintext').protocol
    shell_id = command_id = None
    sent = 0
    for line in sys.stdin:
        step = line.split()
        try:
            if step[0] == 'open':
                shell_id = p.open_shell()
                print('ok open', flush=True)
            elif step[0] == 'run':
                command_id = p.run_command(shell_id, step[1])
                print('ok run', flush=True)
            elif step[0] == 'send':
                for _ in range(int(step[1])):
                    sent += 1
                    send(p, shell_id, command_id, ('line %d\r\n' % sent).encode('ascii'))
                    print('sent %d' % sent, flush=True)
            elif step[0] == 'close':
                p.cleanup_command(shell_id, command_id)
                p.close_shell(shell_id)
                print('ok close', flush=True)
            else:
                raise ValueError('unknown step ' + step[0])
        except Exception as e:  # the test reads the reason
            print('error %s' % repr(e)[:300], flush=True)
            sys.exit(1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3])
