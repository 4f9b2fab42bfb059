workshop status --roster roster.txt --kubeconfig ~/.kube/config --context teaching --namespace workshop
