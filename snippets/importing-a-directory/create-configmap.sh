kubectl create configmap config2-<username> --from-file=hello.txt --from-file=world.txt
