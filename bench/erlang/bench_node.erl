%% One Erlang node of the benchmark, driven over standard input by the harness (bench/run.sh), which
%% measures ClusterBoot and Erlang distribution the same way: it releases every node at one wall-clock
%% instant and reads the events below with the same parser.
%%
%% Prints:  [bench] ready NODE
%%          [bench] up NODE EPOCH_NANOS              (net_kernel:monitor_nodes nodeup)
%%          [bench] down NODE EPOCH_NANOS REASON     (nodedown, with nodedown_reason)
%%          [bench] handshake NANOS                  (one warm connect_node, for figure 2)
%%          [bench] dials COUNT                      (successful connects of a dial loop)
%% Reads:   go EPOCH_NANOS PEER...        at that instant, connect to every peer in parallel
%%          handshake PEER WARMUP COUNT   connect, time, disconnect, repeat
%%          dial PEER MILLIS              connect/disconnect in a loop for MILLIS, print the count
-module(bench_node).
-export([main/0]).

main() ->
	Self = self(),
	Printer = spawn_link(fun() -> net_kernel:monitor_nodes(true, [nodedown_reason]), Self ! monitoring, events() end),
	receive monitoring -> ok end,
	_ = Printer,
	out("ready ~s", [node()]),
	commands().

events() ->
	receive
		{nodeup, Node, _} -> out("up ~s ~b", [Node, now_ns()]);
		{nodedown, Node, Info} -> out("down ~s ~b ~p", [Node, now_ns(), proplists:get_value(nodedown_reason, Info)])
	end,
	events().

commands() ->
	case io:get_line('') of
		eof -> erlang:halt(0);
		{error, _} -> erlang:halt(0);
		Line ->
			command(string:lexemes(string:trim(Line), " ")),
			commands()
	end.

command(["go", At | Peers]) ->
	sleep_until(list_to_integer(At)),
	[spawn(fun() -> net_kernel:connect_node(list_to_atom(P)) end) || P <- Peers];
command(["handshake", Peer, Warmup, Count]) ->
	Node = list_to_atom(Peer),
	spawn(fun() ->
		net_kernel:monitor_nodes(true),
		[handshake(Node) || _ <- lists:seq(1, list_to_integer(Warmup))],
		[out("handshake ~b", [handshake(Node)]) || _ <- lists:seq(1, list_to_integer(Count))],
		out("handshake done", [])
	end);
command(["dial", Peer, Millis]) ->
	Node = list_to_atom(Peer),
	spawn(fun() ->
		net_kernel:monitor_nodes(true),
		Until = erlang:monotonic_time(millisecond) + list_to_integer(Millis),
		out("dials ~b", [dial_loop(Node, Until, 0)])
	end);
command(Other) ->
	out("unknown ~p", [Other]).

%% Dial to connected (connect_node returns once the handshake is complete), then a clean
%% disconnect whose nodedown is awaited, so the next dial starts from nothing.
handshake(Node) ->
	ensure_disconnected(Node),
	T0 = erlang:monotonic_time(nanosecond),
	true = net_kernel:connect_node(Node),
	T1 = erlang:monotonic_time(nanosecond),
	receive {nodeup, Node} -> ok end,
	disconnect(Node),
	T1 - T0.

dial_loop(Node, Until, Count) ->
	ensure_disconnected(Node),
	case erlang:monotonic_time(millisecond) >= Until of
		true -> Count;
		false ->
			case net_kernel:connect_node(Node) of
				true ->
					receive {nodeup, Node} -> ok end,
					erlang:disconnect_node(Node),
					receive {nodedown, Node} -> ok after 5000 -> ok end,
					dial_loop(Node, Until, Count + 1);
				_ ->
					dial_loop(Node, Until, Count)
			end
	end.

%% The peer also needs to see the connection gone, or the next timed dial would race its cleanup;
%% it does within a millisecond on loopback, so wait 2 ms, outside the timed part (the ClusterBoot
%% side waits for the listener's close and 2 ms alike). The dial loop does not wait.
disconnect(Node) ->
	erlang:disconnect_node(Node),
	receive {nodedown, Node} -> ok after 5000 -> ok end,
	timer:sleep(2).

ensure_disconnected(Node) ->
	case lists:member(Node, nodes()) of
		true -> disconnect(Node);
		false -> ok
	end.

sleep_until(At) ->
	Left = At - now_ns(),
	if
		Left > 2000000 -> timer:sleep((Left - 1000000) div 1000000), sleep_until(At);
		Left > 0 -> sleep_until(At);
		true -> ok
	end.

now_ns() -> os:system_time(nanosecond).

out(Format, Args) -> io:format("[bench] " ++ Format ++ "~n", Args).
