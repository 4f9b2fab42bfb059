df -H / /mnt/myscratch /tmp /mytmp /dev/shm
