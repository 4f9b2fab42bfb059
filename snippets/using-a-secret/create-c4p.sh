kubectl create -f c4p.yaml
