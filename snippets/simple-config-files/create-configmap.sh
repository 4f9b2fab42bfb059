kubectl create configmap config1-<username> --from-file=hello.txt
