#!/usr/bin/env bash
# `npm run relay -- --master http://HOST:8005 [--port 8105]`: an Icecast relay of the station, on this
# machine or any other with a checkout. It pulls the master's streams like one listener each and
# serves them to its own listeners, with its own limit. Installs Icecast if it is missing, runs in
# the foreground; Ctrl-C stops it. Only Debian's icecast2 is needed: no Node build, no Redis.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: npm run relay -- --master http://HOST:PORT [options]

  --master URL          the station's Icecast (http://host:8005), or another relay
  --port N              where this relay listens (default 8105)
  --bind ADDRESS        interface to listen on (default PUBLIC_BIND_ADDRESS, else 0.0.0.0)
  --max-listeners N     listeners per stream on this relay (default MAX_LISTENERS, else 1000)
  --mounts LIST         streams to relay, comma list (default /radio,/radio.mp3; one the
                        master does not have is retried until it appears)
  --hostname NAME       host name listeners reach this relay by (default: this host's name)
  --data-dir DIR        the rendered config and, unless root, the access log
                        (default H4K_DATA_DIR/relay-PORT; as root the log goes to /var/log/icecast2)

The relay's status page, for the station's RELAY_STATUS_URLS: http://NAME:PORT/status-json.xsl
EOF
}

fail() {
  printf 'relay: %s\n' "$*" >&2
  exit 64
}

master='' port=8105 bind="${PUBLIC_BIND_ADDRESS:-0.0.0.0}" max_listeners="${MAX_LISTENERS:-1000}"
mounts='/radio,/radio.mp3' relay_hostname="$(hostname)" data_dir=''
while [ $# -gt 0 ]; do
  [ "$1" = --help ] || [ "$1" = -h ] && { usage; exit 0; }
  [ $# -ge 2 ] || fail "$1 needs a value (see --help)"
  case "$1" in
    --master) master=$2 ;;
    --port) port=$2 ;;
    --bind) bind=$2 ;;
    --max-listeners) max_listeners=$2 ;;
    --mounts) mounts=$2 ;;
    --hostname) relay_hostname=$2 ;;
    --data-dir) data_dir=$2 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
  shift 2
done

# Every value ends up inside XML: allow only what each setting can be, and say what is wrong.
problems=()
master_host='' master_port=80
if [[ "$master" =~ ^http://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:([0-9]{1,5}))?/?$ ]]; then
  master_host=${BASH_REMATCH[1]}
  master_port=${BASH_REMATCH[3]:-80}
  [ "$master_port" -ge 1 ] && [ "$master_port" -le 65535 ] || problems+=("--master: port $master_port is not 1-65535")
else
  problems+=("--master: must be http://HOST or http://HOST:PORT (Icecast 2.4 relays plain HTTP), got '${master}'")
fi
valid_number() { [[ "$1" =~ ^[0-9]{1,6}$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
valid_number "$port" 1 65535 || problems+=("--port: must be 1-65535, got '${port}'")
valid_number "$max_listeners" 1 10000 || problems+=("--max-listeners / MAX_LISTENERS: must be 1-10000, got '${max_listeners}'")
[[ "$bind" =~ ^[0-9A-Fa-f:.]+$ ]] || problems+=("--bind: must be an IP address, got '${bind}'")
[[ "$relay_hostname" =~ ^[A-Za-z0-9.:-]{1,253}$ ]] || problems+=("--hostname: must be a host name, got '${relay_hostname}'")
IFS=',' read -r -a mount_list <<<"$mounts"
[ ${#mount_list[@]} -gt 0 ] || problems+=("--mounts: name at least one stream")
for mount in "${mount_list[@]}"; do
  [[ "$mount" =~ ^/[A-Za-z0-9._-]{1,64}$ ]] || problems+=("--mounts: '${mount}' is not a stream path like /radio")
done
if [ ${#problems[@]} -gt 0 ]; then
  printf 'relay: invalid settings:\n' >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 64
fi

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
ensure_packages icecast2

data_dir=$(realpath -m "${data_dir:-${H4K_DATA_DIR:-./data}/relay-${port}}")
mkdir -p "$data_dir"
changeowner='' log_dir="$data_dir/log"
if [ "$(id -u)" = 0 ]; then
  # Icecast refuses to run as root: it drops to the package's own user once its port is bound, and
  # opens its logs after that, where that user can write (a checkout in /root is out of its reach).
  changeowner='<changeowner><user>icecast2</user><group>icecast</group></changeowner>'
  log_dir=/var/log/icecast2
fi
mkdir -p "$log_dir"

relays='' mount_blocks=''
for mount in "${mount_list[@]}"; do
  relays+="
    <relay>
        <server>${master_host}</server>
        <port>${master_port}</port>
        <mount>${mount}</mount>
        <local-mount>${mount}</local-mount>
        <!-- always pulling: a listener gets the stream at once -->
        <on-demand>0</on-demand>
        <relay-shoutcast-metadata>0</relay-shoutcast-metadata>
    </relay>"
  mount_blocks+="
    <mount type=\"normal\">
        <mount-name>${mount}</mount-name>
        <max-listeners>${max_listeners}</max-listeners>
        <public>0</public>
    </mount>"
done

# Nobody streams to a relay or administers it: its passwords are random and never stored.
secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
config="$data_dir/relay.xml"
umask 077
cat >"$config" <<EOF
<!-- h4kstream relay, written by deploy/native/relay.sh at every start: edit the script, not this. -->
<icecast>
    <location>h4kstream relay</location>
    <admin>admin@${relay_hostname}</admin>
    <hostname>${relay_hostname}</hostname>
    <limits>
        <!-- far above the mounts' limits: past <clients> Icecast 2.4 stalls its accept loop (see
             deploy/icecast/icecast.xml.tmpl); listeners meet <max-listeners> (403) instead -->
        <clients>25000</clients>
        <sources>${#mount_list[@]}</sources>
        <queue-size>1048576</queue-size>
        <client-timeout>30</client-timeout>
        <header-timeout>15</header-timeout>
        <source-timeout>10</source-timeout>
        <burst-on-connect>1</burst-on-connect>
        <burst-size>65536</burst-size>
    </limits>
    <authentication>
        <source-password>$(secret)</source-password>
        <admin-user>admin</admin-user>
        <admin-password>$(secret)</admin-password>
    </authentication>
    <listen-socket>
        <port>${port}</port>
        <bind-address>${bind}</bind-address>
    </listen-socket>
    <http-headers>
        <header name="Access-Control-Allow-Origin" value="*" />
    </http-headers>
    <!-- A relay whose stream the master does not have (yet) is asked again after this many seconds
         (Icecast's default: 120); one that ran and stopped, after 10 s. -->
    <master-update-interval>5</master-update-interval>
${relays}
${mount_blocks}
    <fileserve>1</fileserve>
    <paths>
        <basedir>/usr/share/icecast2</basedir>
        <logdir>${log_dir}</logdir>
        <webroot>/usr/share/icecast2/web</webroot>
        <adminroot>/usr/share/icecast2/admin</adminroot>
        <alias source="/" destination="/status.xsl"/>
    </paths>
    <logging>
        <accesslog>relay-${port}-access.log</accesslog>
        <errorlog>-</errorlog>
        <loglevel>3</loglevel>
        <logsize>10000</logsize>
        <logarchive>0</logarchive>
    </logging>
    <security>
        <chroot>0</chroot>
        ${changeowner}
    </security>
</icecast>
EOF
[ "$(id -u)" = 0 ] && chown root:root "$config"

# One open file per listener (and Icecast does not raise its own limit).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((max_listeners * ${#mount_list[@]} + 64)) ]; then
  say "Warning: only $(ulimit -n) open files allowed; ${max_listeners} listeners per stream need more (raise the hard limit, e.g. LimitNOFILE=65536)"
fi

say "Relaying ${mount_list[*]} from ${master} on http://${relay_hostname}:${port} (at most ${max_listeners} listeners per stream)"
say "Status for RELAY_STATUS_URLS: http://${relay_hostname}:${port}/status-json.xsl - Ctrl-C stops the relay"
exec icecast2 -c "$config"
