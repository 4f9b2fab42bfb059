echo "Changed inside the pod" >> /tmp/myconfig/world.txt
