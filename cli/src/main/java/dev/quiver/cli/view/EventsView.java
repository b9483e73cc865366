package dev.quiver.cli.view;

import java.util.List;

/** The events section of {@code quiver describe}, as {@code kubectl describe} prints it. */
public final class EventsView {

    /** How many of the most recent events are shown. */
    static final int SHOWN = 15;

    private EventsView() {
    }

    /** The most recent events, oldest first; nothing at all when there are none (a dev runtime has none). */
    public static String render(List<EventLine> events) {
        if (events.isEmpty()) {
            return "";
        }
        Table table = new Table("TIME", "TYPE", "REASON", "OBJECT", "MESSAGE");
        for (EventLine event : events.subList(Math.max(0, events.size() - SHOWN), events.size())) {
            table.row(event.time(), event.type(), event.reason(), event.object(),
                    event.count() > 1 ? event.message() + " (x" + event.count() + ")" : event.message());
        }
        return "\nEvents:\n" + table.render("  ");
    }
}
