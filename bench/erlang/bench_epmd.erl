%% The default epmd client (erl_epmd), except that a node's port is always looked up at the epmd on
%% 127.0.0.1 rather than at the peer's own address. The benchmark's nodes are named after 127.0.2.x
%% (one loopback "host" each), and epmd cannot listen on more than 16 addresses, so epmd listens on
%% 127.0.0.1 only (ERL_EPMD_ADDRESS) and every lookup goes there: the same query, on loopback.
%% Used with: erl -epmd_module bench_epmd
-module(bench_epmd).
-export([start_link/0, register_node/2, register_node/3, port_please/2, port_please/3, names/0, names/1,
	address_please/3, listen_port_please/2]).

-define(EPMD_HOST, {127, 0, 0, 1}).

start_link() -> erl_epmd:start_link().

register_node(Name, Port) -> erl_epmd:register_node(Name, Port).

register_node(Name, Port, Family) -> erl_epmd:register_node(Name, Port, Family).

port_please(Name, _Host) -> erl_epmd:port_please(Name, ?EPMD_HOST).

port_please(Name, _Host, Timeout) -> erl_epmd:port_please(Name, ?EPMD_HOST, Timeout).

names() -> erl_epmd:names(?EPMD_HOST).

names(_Host) -> erl_epmd:names(?EPMD_HOST).

address_please(Name, Host, Family) -> erl_epmd:address_please(Name, Host, Family).

listen_port_please(Name, Host) -> erl_epmd:listen_port_please(Name, Host).
