// ChatServer: placeholder until its issue lands.
