// DialogTesting: placeholder until its issue lands.
