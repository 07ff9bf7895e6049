# port-file: sourced by the scripts that start `intake serve --port 0 --port-file FILE`; waits for the port.
# The server writes FILE whole (a temporary file renamed) once it listens, so a file that is there is complete;
# no script reads the port from the server's log line, whose wording is for people.

# wait_for_port FILE PID [TENTHS]: prints the port once the server PID has written FILE. Returns 1 when the
# server exits first, 2 when TENTHS tenths of a second (100 by default) pass first.
wait_for_port() {
    local file=$1 pid=$2 tries=${3:-100} port
    for _ in $(seq 1 "$tries"); do
        if [ -s "$file" ]; then
            read -r port <"$file"
            echo "$port"
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 2
}
