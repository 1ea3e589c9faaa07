package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// hub fans build events out to the open event streams, one per tab.
type hub struct {
	mu   sync.Mutex
	subs map[chan event]bool
}

type event struct {
	Name string // "reload" or "failed"
	Data string // one line: a build number, or JSON {"message": …}
}

func newHub() *hub { return &hub{subs: map[chan event]bool{}} }

func (h *hub) subscribe() chan event {
	ch := make(chan event, 4)
	h.mu.Lock()
	h.subs[ch] = true
	h.mu.Unlock()
	return ch
}

func (h *hub) unsubscribe(ch chan event) {
	h.mu.Lock()
	delete(h.subs, ch)
	h.mu.Unlock()
}

// publish sends e to every stream and returns how many there were. A tab
// too slow to take it misses it; its next event, or its next connection,
// tells it the build number anyway.
func (h *hub) publish(e event) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- e:
		default:
		}
	}
	return len(h.subs)
}

// events is the Server-Sent Events stream of one tab. It starts with the
// current build number so that a page built before a rebuild it missed
// reloads at once.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := s.hub.subscribe()
	defer s.hub.unsubscribe(ch)
	write := func(e event) bool {
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, e.Data); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	if !write(event{"build", fmt.Sprint(s.buildNumber())}) {
		return
	}
	// A comment now and then finds closed connections and keeps proxies
	// from timing the stream out.
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-ch:
			if !write(e) {
				return
			}
		case <-ping.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}

func reloadEvent(build int) event { return event{"reload", fmt.Sprint(build)} }

func failedEvent(err error) event {
	b, _ := json.Marshal(map[string]string{"message": err.Error()})
	return event{"failed", string(b)}
}

// reloadJS is added to every HTML page the preview serves. It reloads the
// tab after a rebuild and shows a failed rebuild in a banner. The error
// text can carry file names from the data folder, so it is shown with
// textContent only.
const reloadJS = `// tuijin serve: reload after each rebuild (preview only; not in the built site).
(function () {
  "use strict";
  if (typeof EventSource !== "function") return;
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  var banner = null;
  var es = new EventSource("/__tuijin/events");
  function reload() { es.close(); location.reload(); }
  es.addEventListener("build", function (ev) {
    if (build !== null && ev.data !== build) reload();
  });
  es.addEventListener("reload", reload);
  es.addEventListener("failed", function (ev) {
    var msg = "";
    try { msg = String(JSON.parse(ev.data).message || ""); } catch (e) { msg = ""; }
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      var st = banner.style;
      st.position = "fixed"; st.left = "0"; st.right = "0"; st.bottom = "0"; st.zIndex = "1000";
      st.padding = "0.75rem 1rem"; st.background = "#ffebe9"; st.color = "#82071e";
      st.borderTop = "2px solid #cf222e"; st.overflowWrap = "anywhere";
      document.body.appendChild(banner);
    }
    banner.textContent = "重新生成失败，仍显示上一次的结果：" + msg;
  });
})();
`
