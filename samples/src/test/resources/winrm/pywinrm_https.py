"""pywinrm (Debian python3-winrm) over HTTPS, the server's certificate verified against a given CA file.

usage: pywinrm_https.py ENDPOINT CA_FILE
Runs 'echo hello tls' and prints {"stdout": ..., "status": ...} as JSON.
"""
import json
import sys

import winrm


def main(endpoint, ca_file):
    session = winrm.Session(endpoint, auth=('user', 'pass'), transport='basic',
                            server_cert_validation='validate', ca_trust_path=ca_file)
    r = session.run_cmd('echo', ['hello', 'tls'])
    print(json.dumps({'stdout': r.std_out.decode('latin-1'), 'status': r.status_code}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
