kubectl create -f c5.yaml
