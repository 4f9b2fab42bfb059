ls -l /mnt/mylogs
