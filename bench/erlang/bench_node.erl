%% One Erlang node of the benchmark, driven over standard input by the harness (bench/run.sh), which
%% measures ClusterBoot and Erlang distribution the same way: it releases every node at one wall-clock
%% instant and reads the events below with the same parser.
%%
%% Prints:  [bench] ready NODE
%%          [bench] up NODE EPOCH_NANOS              (net_kernel:monitor_nodes nodeup)
%%          [bench] down NODE EPOCH_NANOS REASON     (nodedown, with nodedown_reason)
%%          [bench] handshake NANOS                  (one warm connect_node, for figure 2)
%%          [bench] dials COUNT                      (successful connects of a dial loop)
%%          [bench] serving                          (the echo server is registered, for figure 7)
%%          [bench] rtt P50_NANOS P99_NANOS          (gen_server:call round trips, for figure 7)
%%          [bench] oneway NANOS 0                   (COUNT sends with ! and a flush call, for figure 7)
%% Reads:   go EPOCH_NANOS PEER...        at that instant, connect to every peer in parallel
%%          handshake PEER WARMUP COUNT   connect, time, disconnect, repeat
%%          dial PEER MILLIS              connect/disconnect in a loop for MILLIS, print the count
%%          serve                         register bench_echo, a gen_server (the callbacks below)
%%          rtt PEER WARMUP COUNT         gen_server:call({bench_echo, PEER}, {echo, <<100 bytes>>}), timed
%%          oneway PEER SIZE COUNT        {bench_echo, PEER} ! <<SIZE bytes>>, COUNT times, then a flush call
-module(bench_node).
-behaviour(gen_server).
-export([main/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

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
command(["serve"]) ->
	{ok, _} = gen_server:start({local, bench_echo}, ?MODULE, [], []),
	out("serving", []);
command(["rtt", Peer, Warmup, Count]) ->
	Server = {bench_echo, list_to_atom(Peer)},
	Bin = binary:copy(<<0>>, 100),
	spawn(fun() ->
		[gen_server:call(Server, {echo, Bin}) || _ <- lists:seq(1, list_to_integer(Warmup))],
		Sorted = lists:sort([call_time(Server, Bin) || _ <- lists:seq(1, list_to_integer(Count))]),
		out("rtt ~b ~b", [percentile(Sorted, 50), percentile(Sorted, 99)])
	end);
command(["oneway", Peer, Size, Count]) ->
	Server = {bench_echo, list_to_atom(Peer)},
	Bin = binary:copy(<<0>>, list_to_integer(Size)),
	N = list_to_integer(Count),
	spawn(fun() ->
		T0 = erlang:monotonic_time(nanosecond),
		send_loop(Server, Bin, N),
		N = gen_server:call(Server, flush, 60000),
		out("oneway ~b 0", [erlang:monotonic_time(nanosecond) - T0])
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

call_time(Server, Bin) ->
	T0 = erlang:monotonic_time(nanosecond),
	Bin = gen_server:call(Server, {echo, Bin}),
	erlang:monotonic_time(nanosecond) - T0.

percentile(Sorted, Percent) -> lists:nth(erlang:ceil(Percent / 100 * length(Sorted)), Sorted).

send_loop(_, _, 0) -> ok;
send_loop(Server, Bin, N) -> Server ! Bin, send_loop(Server, Bin, N - 1).

%% bench_echo: replies to {echo, Bin} with Bin, counts the binaries it is sent, and answers flush
%% with the count (a call sent after them arrives after them: Erlang orders one sender's messages).
init([]) -> {ok, 0}.

handle_call({echo, Bin}, _From, Count) -> {reply, Bin, Count};
handle_call(flush, _From, Count) -> {reply, Count, 0}.

handle_cast(_, Count) -> {noreply, Count}.

handle_info(Bin, Count) when is_binary(Bin) -> {noreply, Count + 1};
handle_info(_, Count) -> {noreply, Count}.

sleep_until(At) ->
	Left = At - now_ns(),
	if
		Left > 2000000 -> timer:sleep((Left - 1000000) div 1000000), sleep_until(At);
		Left > 0 -> sleep_until(At);
		true -> ok
	end.

now_ns() -> os:system_time(nanosecond).

out(Format, Args) -> io:format("[bench] " ++ Format ++ "~n", Args).
