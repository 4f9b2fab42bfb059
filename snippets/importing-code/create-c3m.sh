kubectl create -f c3m.yaml
