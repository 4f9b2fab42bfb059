kubectl create secret generic github-secret-<username> --from-literal=username=<github-user> --from-literal=token=<github-token>
