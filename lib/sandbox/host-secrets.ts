// Agents and checks may run as the server's user: keep the host's own credentials out of their view too.
export const HOST_SECRETS = ["/etc/shadow", "/etc/gshadow", "/etc/ssh", "/run/docker.sock", "/var/run/docker.sock"];
