kubectl create -f c4pt.yaml
