workshop plan --participants 30 --kubeconfig ~/.kube/config --context teaching --namespace workshop
