package io.clusterboot.sample;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.clusterboot.Cluster;
import io.clusterboot.NodeDownEvent;
import io.clusterboot.NodeUpEvent;

// The Quick start's class, word for word (QuickStartTests holds README.md to it).
@Component
class Membership {

    Membership(Cluster cluster) {
        System.out.println("I am " + cluster.self() + "; connected so far: " + cluster.connectedMembers());
    }

    @EventListener
    void on(NodeUpEvent event) {
        System.out.println(event.member().name() + " is up at " + event.member().address());
    }

    @EventListener
    void on(NodeDownEvent event) {
        System.out.println(event.member().name() + " is down: " + event.reason());
    }
}
