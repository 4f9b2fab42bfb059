kubectl create -f c3.yaml
