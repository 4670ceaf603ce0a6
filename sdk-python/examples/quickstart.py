"""Labelwell in a few lines: a project, its items, their annotation, and the labels in a DataFrame.

Run it against a server, with an API token:

    LABELWELL_URL=http://127.0.0.1:8080 LABELWELL_TOKEN=lw_... python quickstart.py
"""

import labelwell

client = labelwell.Client()  # reads LABELWELL_URL and LABELWELL_TOKEN

# A project in a new organization, with one question for annotators.
org = client.organizations.create("Acme Research")
project = client.projects.create(org.id, name="Support tickets")
client.annotation_ui.publish(
    project.id,
    {
        "fields": [{"name": "text"}],
        "questions": [{"name": "sentiment", "type": "single_label", "labels": ["positive", "negative"]}],
    },
)

# Import items from any iterable of dicts; large imports are batched.
tickets = ["The app crashes on start.", "Thanks, that fixed it!", "Where is my invoice?"]
summary = client.items.import_items(
    project.id, ({"external_id": f"ticket-{i}", "data": {"text": text}} for i, text in enumerate(tickets))
)
print(f"imported {summary.created} items")

# Annotators label items in the web UI; here we work the queue ourselves.
while (lease := client.queue.next(project.id)) is not None:
    text = lease.item.data["text"]
    label = "positive" if "thanks" in text.lower() else "negative"
    client.annotations.create(lease.item.id, {"sentiment": label})

# Pull the labelled items into a DataFrame: one row per annotation.
frame = client.export.pull(project.id).to_pandas(per="annotation")
print(frame[["external_id", "data.text", "value.sentiment"]].to_string(index=False))
