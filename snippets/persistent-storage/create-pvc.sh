kubectl create -f pvc.yaml
